"""The certificate lifecycle: notice before expiry, block on expiry, unblock on renewal."""
