"""Install mmusseg: ``pip install -e .`` (extra: ``tests``)."""
from pathlib import Path
from setuptools import find_packages, setup

HERE = Path(__file__).parent


def read_requirements(name: str) -> list:
    """Read one ``requirements/{name}.txt`` file, skipping comments."""
    lines = (HERE / 'requirements' / f'{name}.txt').read_text().splitlines()
    return [
        ln.strip() for ln in lines if ln.strip() and not ln.startswith('#')
    ]


def read_version() -> str:
    namespace: dict = {}
    exec((HERE / 'mmusseg' / 'version.py').read_text(), namespace)
    return namespace['__version__']


setup(
    name='mmusseg',
    version=read_version(),
    description='Unsupervised semantic segmentation for MMSegmentation',
    long_description=(HERE / 'README.md').read_text(),
    long_description_content_type='text/markdown',
    license='Apache-2.0',
    python_requires='>=3.10',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'docs')),
    install_requires=read_requirements('runtime'),
    extras_require={'tests': read_requirements('tests')},
    zip_safe=False,
)
