"""What every request passes through: who is asking, may they, and the security headers."""

from .authentication import install_authentication
from .headers import install_security_headers

__all__ = ["install_authentication", "install_security_headers"]
