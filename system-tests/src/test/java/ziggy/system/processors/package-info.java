/** The packaged ziggyd with processors, through kills. */
package ziggy.system.processors;
