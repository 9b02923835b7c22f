# The CMake package of nova_auth, installed by `cargo cinstall` into PREFIX/share/nova_auth/cmake:
# the imported target nova_auth::nova_auth, the shared library with its headers (nova_auth.h
# for C, nova_auth.hpp for C++17). Paths are found from this file's place, so the installed
# tree can be moved.

get_filename_component(_nova_auth_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET nova_auth::nova_auth)
  add_library(nova_auth::nova_auth SHARED IMPORTED)
  set_target_properties(nova_auth::nova_auth PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_nova_auth_prefix}/include")
  if(WIN32)
    # The DLL sits in bin/, beside the programs; they link its import library.
    if(MSVC)
      set(_nova_auth_implib "${_nova_auth_prefix}/lib/nova_auth.lib")
    else()
      set(_nova_auth_implib "${_nova_auth_prefix}/lib/nova_auth.dll.a")
    endif()
    set_target_properties(nova_auth::nova_auth PROPERTIES
      IMPORTED_LOCATION "${_nova_auth_prefix}/bin/nova_auth.dll"
      IMPORTED_IMPLIB "${_nova_auth_implib}")
    unset(_nova_auth_implib)
  elseif(APPLE)
    set_target_properties(nova_auth::nova_auth PROPERTIES
      IMPORTED_LOCATION "${_nova_auth_prefix}/lib/libnova_auth.dylib")
  else()
    # The link names the library's SONAME, so programs load libnova_auth.so.MAJOR.
    set_target_properties(nova_auth::nova_auth PROPERTIES
      IMPORTED_LOCATION "${_nova_auth_prefix}/lib/libnova_auth.so")
  endif()
endif()

unset(_nova_auth_prefix)
