"""Package layout that pyproject.toml cannot express: ``models/`` ships inside the wheel as ``stance_models``.

Everything else (metadata, dependencies, entry points) lives in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["stance", "stance.*"], exclude=["*.__pycache__"]), "stance_models"],
    package_dir={"stance_models": "models"},
    package_data={
        "stance_models": ["stance-minilm/**/*", "attribution-minilm/**/*"],  # MODEL_DIR, ATTRIBUTION_MODEL_DIR
        "stance": ["resources/*"],  # stance.paths.ACTORS_FILE: compiled PETRARCH2 dictionaries (MIT) and additions
    },
)
