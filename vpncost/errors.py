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
