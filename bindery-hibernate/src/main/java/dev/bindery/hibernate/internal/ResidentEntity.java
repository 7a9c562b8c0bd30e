package dev.bindery.hibernate.internal;

import dev.bindery.hibernate.EntityBindingException;
import dev.bindery.hibernate.Resident;

import java.lang.reflect.Field;

/** The residency rule of one {@link Resident} entity class: its name for messages, and its region field if any. */
public record ResidentEntity(String name, Field regionField) {

    /** The rule of {@code type}, or {@code null} when it is not {@link Resident}. */
    static ResidentEntity of(Class<?> type) {
        Resident r = type.getAnnotation(Resident.class);
        if (r == null) {
            return null;
        }
        Field field = null;
        if (!r.regionAttribute().isEmpty()) {
            field = findField(type, r.regionAttribute());
            if (field == null) {
                throw new EntityBindingException(java.util.List.of(type.getName() + " declares @Resident(regionAttribute = \""
                        + r.regionAttribute() + "\"), but has no such field. Name a field that holds the row's region."));
            }
            field.setAccessible(true);
        }
        return new ResidentEntity(type.getSimpleName(), field);
    }

    /** The region {@code entity} says it belongs to, or {@code null}. */
    public String regionOf(Object entity) {
        if (regionField == null || entity == null) {
            return null;
        }
        try {
            Object value = regionField.get(org.hibernate.Hibernate.unproxy(entity));
            return value == null ? null : value.toString();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + name + "." + regionField.getName(), e);
        }
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }
}
