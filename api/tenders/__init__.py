"""The tender room's endpoints under ``/api/v1/tenders/`` (and the user's own under ``/me/``)."""
