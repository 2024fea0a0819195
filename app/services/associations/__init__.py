"""The register of associations (föreningsregistret)."""
