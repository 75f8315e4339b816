"""Data shipped with the package: ``sample/``, the two seed articles. This folder is
installed as ``newsanalysis.data`` (see pyproject.toml); ``external/`` (fetched corpora) is
git-ignored and never packaged."""
