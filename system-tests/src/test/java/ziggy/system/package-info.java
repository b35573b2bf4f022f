/** Tests that run the built launchers and packages the way an operator does. */
package ziggy.system;
