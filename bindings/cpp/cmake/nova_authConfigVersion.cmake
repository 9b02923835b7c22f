# The version of the installed nova_auth, read from the NOVA_AUTH_MAJOR/MINOR/PATCH constants
# of its header. Any release with the same major version (the SONAME's) at or above the one
# asked for will do; in 0.x, the minor version must match too.

file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/../../../include/nova_auth.h" _nova_auth_defines
  REGEX "^#define NOVA_AUTH_(MAJOR|MINOR|PATCH) [0-9]+$")
foreach(_nova_auth_part MAJOR MINOR PATCH)
  string(REGEX REPLACE ".*#define NOVA_AUTH_${_nova_auth_part} ([0-9]+).*" "\\1"
    _nova_auth_${_nova_auth_part} "${_nova_auth_defines}")
endforeach()
set(PACKAGE_VERSION "${_nova_auth_MAJOR}.${_nova_auth_MINOR}.${_nova_auth_PATCH}")

if(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
elseif(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION
       OR NOT PACKAGE_FIND_VERSION_MAJOR STREQUAL _nova_auth_MAJOR
       OR (_nova_auth_MAJOR STREQUAL "0" AND NOT PACKAGE_FIND_VERSION_MINOR STREQUAL _nova_auth_MINOR))
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()

foreach(_nova_auth_part defines MAJOR MINOR PATCH)
  unset(_nova_auth_${_nova_auth_part})
endforeach()
unset(_nova_auth_part)
