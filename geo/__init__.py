"""Core of the panchayat infrastructure GIS: data contract, store, analysis and CLI (no UI)."""
