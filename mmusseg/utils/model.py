"""Helpers about models shared by hooks and loops."""
from mmengine.model import is_model_wrapper
from torch import nn


def unwrap_model(model: nn.Module) -> nn.Module:
    """The model inside an mmengine wrapper (DDP, FSDP...), or ``model``."""
    return model.module if is_model_wrapper(model) else model
