"""vpncost: what AWS hybrid connectivity (Site-to-Site VPN, accelerated VPN, Direct Connect) costs.

The package keeps heavy imports (matplotlib, boto3, ipywidgets) out of ``import vpncost``;
they happen in the presentation and AWS modules that need them.
"""
from vpncost.errors import VpncostError

__version__ = "0.1.0"
__all__ = ["VpncostError", "__version__"]
