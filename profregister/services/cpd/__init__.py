"""CPD credit units (the only place they are computed) and the Appendix 2 confirmation."""
