"""The local agreement (överenskommelsen): principles and signatories."""
