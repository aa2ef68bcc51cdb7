"""Errors a user can act on: each carries one line that names the file, field and allowed values."""


class VpncostError(Exception):
    """Base class: the message is one line meant for the user; the CLI prints it and exits 2."""


class PriceFileError(VpncostError):
    """A price snapshot or override file is malformed."""


class PriceNotFoundError(VpncostError):
    """No row in the price table matches what an estimate needs."""


class ScenarioError(VpncostError):
    """A scenario file (or widget value) is invalid."""


class AwsApiError(VpncostError):
    """An AWS API call failed or answered with something we cannot use."""


class MissingExtraError(VpncostError):
    """An optional feature was used without the extra that installs what it needs."""


def require(module: str, extra: str, feature: str):
    """Import ``module`` for ``feature``; if it is not installed, one line naming the extra that brings it.

    Parameters
    ----------
    module : str
        Module to import, e.g. ``"papermill"``.
    extra : str
        The ``pyproject.toml`` extra that installs it, e.g. ``"notebooks"``.
    feature : str
        What the user asked for, in words (``"vpncost report"``).
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        raise MissingExtraError(f"{feature} needs {missing}, which is not installed; "
                                f"install it with: pip install 'vpncost[{extra}]'") from None
