package io.logbatch.cli;

import picocli.CommandLine.IVersionProvider;

class VersionProvider implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String version = VersionProvider.class.getPackage().getImplementationVersion();
		return new String[] { "logbatch " + ((version != null) ? version : "(development build)") };
	}

}
