def only_public_api(endpoints):
    """Keep the schema to ``/api/v1/``: Wagtail's admin API is internal to its admin UI."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
