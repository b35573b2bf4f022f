/**
 * Tests of what {@code mvn package} builds in {@code packaging/target} for operators: the tarball run
 * from a temporary folder with its own launchers, the .deb held to lintian, dpkg-deb and
 * systemd-analyze, the man pages and the bash completion scripts. A test whose outside tool
 * (lintian, systemd-analyze, man) is missing is skipped with an assumption naming the tool.
 */
package ziggy.system.packages;
