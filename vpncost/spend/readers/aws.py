"""AWS clients for the readers: boto3's standard credential chain and endpoint settings, read-only calls only.
A missing Region or a client that cannot be made is one line (:class:`vpncost.errors.AwsApiError`), not a
traceback; credentials are never printed."""
from __future__ import annotations

from vpncost.errors import AwsApiError

def client(service: str, region: "str | None" = None):
    """A boto3 client for ``service``.

    Parameters
    ----------
    service : str
        The boto3 service name (``athena``, ``ce``, ``ec2``...).
    region : str, optional
        The Region to call (``--region``); default: the profile's or ``AWS_REGION``/``AWS_DEFAULT_REGION``.
        Cost Explorer is a global service and needs none; for a regional one a missing Region is one line
        naming the ways to set it.
    """
    import boto3
    from botocore.exceptions import BotoCoreError, NoRegionError

    try:
        return boto3.client(service, region_name=region)
    except NoRegionError:
        raise AwsApiError(f"{service}: no AWS Region is configured; pass --region REGION, or set AWS_REGION "
                          "or a region in your AWS profile") from None
    except BotoCoreError as exc:
        raise AwsApiError(f"{service}: {exc}") from None
