"""The REST side of drafting spaces: thin views over ``spaces.services`` and selectors."""
