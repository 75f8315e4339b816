"""The numbered notebooks. This folder is installed as ``newsanalysis.notebooks`` (see
pyproject.toml), so ``newsanalysis report`` finds them in an installed package too."""
