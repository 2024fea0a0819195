"""broadcaster backends that reconnect by themselves and say when they did."""
