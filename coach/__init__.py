"""coach: a calm terminal daily coach for back muscle pain after exercise."""

__version__ = "0.1.0"
