"""Default limits, measured (see the README): the slowest catalog step takes about 1.2 s alone on
2 cores, so 20 s per step leaves a margin of more than 15 even with two runs sharing the machine."""

STEP_TIMEOUT = 20.0
NUMERIC_TIMEOUT = 300.0
IMPORT_TIMEOUT = 60.0
MEMORY_MB = 4096
