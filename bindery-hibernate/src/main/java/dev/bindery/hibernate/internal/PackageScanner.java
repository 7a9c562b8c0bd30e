package dev.bindery.hibernate.internal;

import jakarta.persistence.Entity;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Finds the {@code @Entity} classes of a package and its sub-packages, in directories and jars of the class path. */
public final class PackageScanner {
    private PackageScanner() {
    }

    /** The entity classes under {@code packageName}, sorted by name. */
    public static List<Class<?>> entities(String packageName, ClassLoader loader) {
        String path = packageName.replace('.', '/');
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(path);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if ("file".equals(url.getProtocol())) {
                    scanDirectory(new File(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8)), packageName, names);
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection c = (JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (JarFile jar = c.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String n = entries.nextElement().getName();
                            if (n.startsWith(path + "/") && n.endsWith(".class")) {
                                names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan package " + packageName + " for entities", e);
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("package-info") || n.endsWith("module-info")) {
                continue;
            }
            try {
                Class<?> c = Class.forName(n, false, loader);
                if (c.isAnnotationPresent(Entity.class)) {
                    out.add(c);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here: not one of ours
            }
        }
        return out;
    }

    private static void scanDirectory(File dir, String packageName, TreeSet<String> names) {
        File[] files = dir.listFiles();
        if (files == null) {
            return;
        }
        for (File f : files) {
            if (f.isDirectory()) {
                scanDirectory(f, packageName + "." + f.getName(), names);
            } else if (f.getName().endsWith(".class")) {
                names.add(packageName + "." + f.getName().substring(0, f.getName().length() - 6));
            }
        }
    }
}
