"""Build the optional compiled scan of ``gazetteer.fast`` (pure Python without a compiler)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("gazetteer._fast", ["gazetteer/_fast.pyx"], optional=True)])
