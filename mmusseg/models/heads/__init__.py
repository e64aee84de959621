from .cluster_head import ClusterHead
from .global_guidance_head import GlobalGuidanceHead
from .probes import ClusterProbe, LinearProbe
from .stego_head import STEGOHead

__all__ = [
    'ClusterHead', 'ClusterProbe', 'GlobalGuidanceHead', 'LinearProbe',
    'STEGOHead'
]
