/**
 * lvs.cf, the configuration file of Piranha and of piranha: an immutable model, a parser with
 * Piranha 0.8.6's lexical rules, a validator, a canonical writer and a structural diff. No
 * dependencies beyond the JDK; every daemon reads its configuration through this package.
 *
 * <h2>Reading</h2>
 * {@link org.piranha.lvscf.LvsConfigLoader} parses and validates; its
 * {@link org.piranha.lvscf.LoadResult} holds every error and warning as
 * {@link org.piranha.lvscf.Diagnostic}s ({@code FILE:LINE: message}) and the config only when
 * there is no error:
 * <pre>{@code
 * LoadResult result = LvsConfigLoader.standard().load(Path.of(LvsConfig.DEFAULT_PATH));
 * result.warnings().forEach(w -> log.warn("{}", w));
 * LvsConfig config = result.requireValid();   // InvalidConfigException lists every error
 * }</pre>
 *
 * <h2>The model</h2>
 * {@link org.piranha.lvscf.LvsConfig} = {@link org.piranha.lvscf.GlobalSettings} +
 * {@link org.piranha.lvscf.VirtualService}s, each with {@link org.piranha.lvscf.RealServer}s.
 * Records keep the raw values as written (with Piranha's code defaults for absent keys); derived
 * accessors give what the daemons act on: {@code activeServices()}, {@code activeVips()},
 * {@code floatingAddresses()}, {@code hasBackup()}, {@code effectivePrimaryPrivate()},
 * {@code identity()}, {@code network().nannyLetter()}, {@code sendText()}, {@code loadCommand()}, ...
 * Build configs in code with the builders ({@code GlobalSettings.builder()},
 * {@code VirtualService.builder(name)}, {@code RealServer.builder(name)}).
 *
 * <h2>Writing and reloading</h2>
 * {@link org.piranha.lvscf.LvsConfigWriter} writes canonical lvs.cf ({@code parse(write(c))}
 * equals {@code c}); {@link org.piranha.lvscf.ConfigDiff} compares two configs for a reload.
 * {@link org.piranha.lvscf.ConfigCheck} is {@code pulse --check-config}.
 */
package org.piranha.lvscf;
