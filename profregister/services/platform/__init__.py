"""Shared foundations: input checks, errors, regulatory parameters, jobs, compiled pages."""
