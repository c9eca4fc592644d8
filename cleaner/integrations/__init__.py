"""Adapters for corpus frameworks (optional extras): each imports its framework only when used."""
