import { Loading, Skeleton } from '@/components/ui';

export function StatCardsSkeleton() {
  return (
    <div>
      <Loading />
      <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
    </div>
  );
}
