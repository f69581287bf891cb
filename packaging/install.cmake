# Install-time part of packaging/CMakeLists.txt: the files whose place or
# text depends on the prefix in use. Set before it: SK_SRC (packaging/),
# SK_WORK (a scratch folder in the build tree), SK_VERSION, SK_DEB_VERSION.
string(REGEX REPLACE "(.)/+$" "\\1" prefix "${CMAKE_INSTALL_PREFIX}")
if(prefix MATCHES "^(.*)/usr$")      # /usr -> /etc, /lib; /stage/usr -> /stage/etc, /stage/lib
  set(root "${CMAKE_MATCH_1}")
else()
  set(root "${prefix}")
endif()
set(SK_SBINDIR "${prefix}/sbin")
set(SK_DATADIR "${prefix}/share/saksok")
set(SK_DOCDIR "${prefix}/share/doc/saksok")
set(SK_MODULE "${prefix}/lib/saksok/saksok-extract.so")
set(SK_CONF_FILE "${root}/etc/saksok/saksok.conf")
set(SK_UNITDIR "${root}/lib/systemd/system")
set(dest "$ENV{DESTDIR}") # file(INSTALL) adds it itself; the other commands do not

file(MAKE_DIRECTORY "${SK_WORK}/man" "${SK_WORK}/systemd" "${SK_WORK}/doc")

# Man pages, filled in and compressed (gzip -n: no name or time stamp, the same bytes every time).
foreach(page saksok.1 saksok-index.1 saksok-fcgi.8 saksok-nightly.8)
  configure_file("${SK_SRC}/man/${page}" "${SK_WORK}/man/${page}" @ONLY)
  execute_process(COMMAND gzip -9nf "${SK_WORK}/man/${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${page} failed")
  endif()
  string(REGEX REPLACE ".*\\." "" section "${page}")
  file(INSTALL "${SK_WORK}/man/${page}.gz" DESTINATION "${prefix}/share/man/man${section}"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

# The Debian changelog.
configure_file("${SK_SRC}/debian/changelog.in" "${SK_WORK}/doc/changelog.Debian" @ONLY)
execute_process(COMMAND gzip -9nf "${SK_WORK}/doc/changelog.Debian")
file(INSTALL "${SK_WORK}/doc/changelog.Debian.gz" DESTINATION "${SK_DOCDIR}"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# systemd units, naming the programs where they are.
foreach(unit saksok-fcgi.socket saksok-fcgi.service saksok-nightly.service saksok-nightly.timer)
  if(EXISTS "${SK_SRC}/systemd/${unit}.in")
    configure_file("${SK_SRC}/systemd/${unit}.in" "${SK_WORK}/systemd/${unit}" @ONLY)
  else()
    configure_file("${SK_SRC}/systemd/${unit}" "${SK_WORK}/systemd/${unit}" COPYONLY)
  endif()
  file(INSTALL "${SK_WORK}/systemd/${unit}" DESTINATION "${SK_UNITDIR}"
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

# Bash completion by each program's name (bash-completion looks the name up).
foreach(prog saksok-index saksok-fcgi saksok-nightly)
  set(link "${dest}${prefix}/share/bash-completion/completions/${prog}")
  message(STATUS "Installing: ${link}")
  file(CREATE_LINK saksok "${link}" SYMBOLIC)
endforeach()

# The configuration: never over one an administrator may have edited.
set(conf "${dest}${SK_CONF_FILE}")
if(EXISTS "${conf}")
  file(READ "${conf}" old)
  file(READ "${SK_SRC}/saksok.conf" new)
  if(NOT old STREQUAL new)
    message(STATUS "Keeping ${conf}; the new one is ${conf}.dist")
    set(conf "${conf}.dist")
  endif()
endif()
get_filename_component(conf_name "${conf}" NAME)
configure_file("${SK_SRC}/saksok.conf" "${SK_WORK}/${conf_name}" COPYONLY)
file(INSTALL "${SK_WORK}/${conf_name}" DESTINATION "${root}/etc/saksok"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
