"""sclerodx: decision support for multiple sclerosis versus ALS and their mimics.

Decision support only, never a diagnosis: every output must be read by a clinician
against the whole clinical picture.
"""

__version__ = "0.1.0"
