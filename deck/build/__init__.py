"""Orchestration of a build: options, pipeline, staging (atomic output), plan, manifest."""
