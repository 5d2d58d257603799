export declare const ROOT: string;
export declare const OP_SUPPORT: string;
export declare const TENSOR_README: string;
export declare function renderOpSupport(): string;
export declare function renderTensorOpBlock(): string;
export declare function renderTensorReadme(current?: string): string;
