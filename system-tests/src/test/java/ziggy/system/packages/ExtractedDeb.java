package ziggy.system.packages;

import java.nio.file.Path;

/** The .deb's files unpacked under a folder by {@code dpkg-deb -x}, as dpkg would lay them out under /. */
final class ExtractedDeb {
    private ExtractedDeb() {
    }

    /** Extracts into {@code root}; skips the test where dpkg-deb is missing. */
    static Path extract(Path deb, Path root) {
        HostCommand.assumePresent("dpkg-deb", "dpkg");
        HostCommand.succeed("dpkg-deb", "-x", deb.toString(), root.toString());
        return root;
    }
}
