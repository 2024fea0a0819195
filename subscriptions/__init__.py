"""The real-time layer: broadcast between processes, and GraphQL over WebSocket."""
