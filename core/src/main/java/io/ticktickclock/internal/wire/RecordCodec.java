package io.ticktickclock.internal.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/** How one record class is taken apart and put together again: its accessors and canonical constructor. */
final class RecordCodec {

    private static final ClassValue<RecordCodec> CODECS = new ClassValue<>() {
        @Override
        protected RecordCodec computeValue(Class<?> type) {
            return new RecordCodec(type);
        }
    };

    final Class<?> type;
    final Class<?>[] componentTypes;
    final String[] names;
    private final MethodHandle[] accessors;
    private final Constructor<?> constructor;
    /** Why the record cannot be used (a package not open to this module), or null. */
    private final String inaccessible;

    static RecordCodec of(Class<?> type) {
        return CODECS.get(type);
    }

    private RecordCodec(Class<?> type) {
        this.type = type;
        RecordComponent[] rc = type.getRecordComponents();
        componentTypes = new Class<?>[rc.length];
        names = new String[rc.length];
        accessors = new MethodHandle[rc.length];
        Constructor<?> ctor = null;
        String problem = null;
        try {
            for (int i = 0; i < rc.length; i++) {
                componentTypes[i] = rc[i].getType();
                names[i] = rc[i].getName();
                Method m = rc[i].getAccessor();
                m.setAccessible(true);
                accessors[i] = MethodHandles.lookup().unreflect(m);
            }
            ctor = type.getDeclaredConstructor(componentTypes);
            ctor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            problem = "record " + type.getName() + " is not accessible to TickTickClock (" + e
                    + "): open its package to module io.ticktickclock.core";
        }
        this.constructor = ctor;
        this.inaccessible = problem;
    }

    /** The component values of {@code r}, in declaration order. */
    Object[] components(Record r) {
        if (inaccessible != null) {
            throw new WireException("cannot encode: " + inaccessible);
        }
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = accessors[i].invoke(r);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new WireException("cannot encode a " + type.getName() + ": its accessor " + names[i]
                        + "() threw " + t, -1, t);
            }
        }
        return values;
    }

    /** A new record from {@code values}, through the canonical constructor. */
    Object construct(Object[] values, long offset) {
        if (inaccessible != null) {
            throw new WireException("cannot decode: " + inaccessible, offset, null);
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new WireException("the canonical constructor of " + type.getName() + " rejected the decoded "
                    + "components: " + e.getCause(), offset, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new WireException("cannot construct a " + type.getName() + ": " + e, offset, e);
        }
    }
}
