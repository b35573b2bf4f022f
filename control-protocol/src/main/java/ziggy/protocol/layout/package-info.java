/**
 * Where an event lands on disk: {@code <log-path>/<type>.<YYYYMMDD>.bson}, the day being the
 * event's {@code start} in the chosen time zone, or its receive time when {@code start} is absent
 * or not a finite number of seconds in 1970..9999.
 *
 * <p>Invariant: a file name built here is a plain name in the log folder, never a path; it relies
 * on the type having passed {@link ziggy.protocol.event.TypeNames}.
 */
package ziggy.protocol.layout;
