package dev.diffvision.jobs;

import picocli.CommandLine;

/** {@code --version} for the jobs and the CLI: the jar's Implementation-Version, or {@code dev} from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"DiffVision " + (version == null ? "dev" : version)};
    }
}
