/** Implementation of bindery-hibernate. Not API: do not import these classes; they change without notice. */
package dev.bindery.hibernate.internal;
