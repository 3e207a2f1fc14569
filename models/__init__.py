"""Shipped model directories (Hugging Face format), installed as the ``stance_models`` package.

Locate them through ``stance.paths.MODEL_DIR``; this package holds no code.
"""
