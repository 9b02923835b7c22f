"""Freezes nova_auth with the native library it loads at run time (PyInstaller sees only
the imports): nova_auth/nova_auth/libnova_auth.so, libnova_auth.dylib or nova_auth.dll."""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("nova_auth")
