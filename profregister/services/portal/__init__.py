"""The health worker's own pages (/cpd)."""
