export declare const INTERRUPT_BUDGET: number;
export declare function tuneTiering(): void;
