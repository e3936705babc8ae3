"""Build the optional compiled scan of ``gazetteer.fast`` (pure Python without a compiler)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("gazetteer._runs", ["gazetteer/_runs.pyx"], optional=True)])
