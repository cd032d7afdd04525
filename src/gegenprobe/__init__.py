"""gegenprobe: cross-check German news for disinformation."""

from .errors import GegenprobeError
from .settings import Settings
from .types import Article

__version__ = "0.1.0"
__all__ = ["Article", "GegenprobeError", "Settings", "__version__"]
