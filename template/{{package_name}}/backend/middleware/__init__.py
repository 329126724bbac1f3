"""What every request passes through: who is asking, may they, the security headers,
the request's id and duration."""

from .authentication import install_authentication
from .headers import install_security_headers
from .telemetry import install_request_telemetry

__all__ = ["install_authentication", "install_request_telemetry", "install_security_headers"]
