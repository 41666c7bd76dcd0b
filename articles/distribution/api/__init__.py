"""Read-only JSON for partner newsrooms (ninjs)."""
