from .cluster_head import ClusterHead
from .probes import ClusterProbe, LinearProbe
from .stego_head import STEGOHead

__all__ = ['ClusterHead', 'ClusterProbe', 'LinearProbe', 'STEGOHead']
