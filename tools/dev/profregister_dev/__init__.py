"""Developer tools of profregister, outside the shipped app: demo data (and the synthetic data it is made
of), the in-process benchmark figures and the replica check. tools/dev/run.py runs them on a site."""
