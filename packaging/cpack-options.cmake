# Read by cpack at packaging time: the package is for /usr alone (its
# maintainer scripts and conffile name /etc and /var/lib/saksok).
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT (CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr" AND
                                           CPACK_INSTALL_PREFIX STREQUAL "/usr"))
  message(FATAL_ERROR "the Debian package installs to /usr, not ${CPACK_INSTALL_PREFIX}")
endif()
